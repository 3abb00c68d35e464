/** The identity columns every kind shares: one definition, so an alias added here is known to every kind. */
import type { ColumnDef } from './types.js';

export const ID_COLUMN: ColumnDef = {
  key: 'idNumber',
  zh: '身份证号',
  personal: true,
  aliases: ['身份证号码', '公民身份号码', '证件号码', '身份证'],
  type: 'id',
  required: true,
  help: '18位居民身份证号',
  example: '630102198001011230',
};

export const NAME_COLUMN: ColumnDef = {
  key: 'name',
  zh: '姓名',
  personal: true,
  aliases: ['参保人姓名', '患者姓名'],
  type: 'text',
  echoOnly: true,
  identityOnly: true,
  help: '姓名（仅回写，不用于计算）',
  example: '张某',
};
