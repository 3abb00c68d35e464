import type { EnumOption } from './types.js';

export const YES_NO: EnumOption[] = [
  { value: '是', code: 'yes', aliases: ['Y', 'y', 'TRUE', 'true', '1', '有'] },
  { value: '否', code: 'no', aliases: ['N', 'n', 'FALSE', 'false', '0', '无'] },
];

export const SEX: EnumOption[] = [
  { value: '男', code: 'male', aliases: ['M', 'm'] },
  { value: '女', code: 'female', aliases: ['F', 'f'] },
];

export const HOSPITAL_LEVEL: EnumOption[] = [
  { value: '一级', code: 'level1', aliases: ['1', '一级医院', '一级定点医疗机构', '一级甲等', '一级乙等', '一级丙等', '一甲', '一乙'] },
  { value: '二级', code: 'level2', aliases: ['2', '二级医院', '二级定点医疗机构', '二级甲等', '二级乙等', '二级丙等', '二甲', '二乙'] },
  { value: '三级', code: 'level3', aliases: ['3', '三级医院', '三级定点医疗机构', '三级甲等', '三级乙等', '三级丙等', '三甲', '三乙'] },
  { value: '社区', code: 'community', aliases: ['社区卫生服务中心', '社区定点医疗机构'] },
  { value: '药店', code: 'pharmacy', aliases: ['定点零售药店', '零售药店'] },
];

/** 救助类别 (settlements): WORKBOOKS.md "Enumerations shared by kinds". */
export const ASSISTANCE_CATEGORY: EnumOption[] = [
  { value: '特困', code: 'destitute', aliases: ['特困供养', '特困供养对象', '特困人员', '孤儿', '事实无人抚养儿童', '艾滋病病毒感染儿童'] },
  { value: '低保', code: 'minimum-living', aliases: ['城镇低保', '农村低保', '低保对象'] },
  { value: '返贫致贫', code: 'returned-to-poverty', aliases: ['返贫致贫人口'] },
  { value: '低保边缘', code: 'marginal', aliases: ['低保边缘家庭成员'] },
  { value: '易返贫致贫', code: 'at-risk', aliases: ['农村易返贫致贫人口', '易返贫致贫人口'] },
  { value: '支出型贫困', code: 'expenditure-poor', aliases: ['支出型贫困家庭成员'] },
  { value: '无', code: 'none', aliases: ['否'] },
];

/** 资助类别 (resident contributions). */
export const SUBSIDY_CATEGORY: EnumOption[] = [
  { value: '特困', code: 'destitute', aliases: ['特困供养', '特困供养对象', '城乡特困供养对象', '孤儿', '事实无人抚养儿童', '艾滋病病毒感染儿童'] },
  { value: '城镇低保', code: 'urban-minimum-living', aliases: ['城镇低保对象'] },
  { value: '农村低保', code: 'rural-minimum-living', aliases: ['农村低保对象'] },
  { value: '脱贫人口中的农村低保', code: 'lifted-rural-minimum-living', aliases: ['脱贫人口中的农村低保对象'] },
  { value: '重点优抚', code: 'key-entitled', aliases: ['重点优抚对象'] },
  { value: '低收入重度残疾人', code: 'low-income-disabled', aliases: ['低收入家庭中的重度残疾人'] },
  { value: '低收入老年人', code: 'low-income-elderly', aliases: ['低收入家庭60周岁及以上老年人'] },
  { value: '低收入未成年人', code: 'low-income-minor', aliases: ['低收入家庭18周岁以下未成年人'] },
  { value: '返贫致贫人口', code: 'returned-to-poverty', aliases: ['返贫致贫'] },
  { value: '易返贫致贫人口', code: 'at-risk', aliases: ['农村易返贫致贫人口', '易返贫致贫', '脱贫不稳定户', '突发困难户'] },
  { value: '稳定脱贫人口', code: 'stably-lifted', aliases: ['稳定脱贫'] },
  { value: '支出型贫困', code: 'expenditure-poor', aliases: ['城乡支出型贫困家庭成员', '支出型贫困家庭成员'] },
  { value: '低收入成年人', code: 'low-income-adult', aliases: ['低收入家庭成年人'] },
  { value: '无', code: 'none', aliases: ['否'] },
];
