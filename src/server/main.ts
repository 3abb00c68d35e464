/**
 * `npm start`: the whole app on this machine, no Azure account and no Core Tools needed.
 * Azurite from node_modules (data in ./.azurite), containers uploads/results, the upload watcher and the
 * HTTP API on http://localhost:7071/api. Settings: PORT, YIBAO_STORAGE (a connection string, or `none`);
 * YIBAO_LEDGER_KEY turns the year-to-date ledger on (in Azurite's table endpoint unless YIBAO_LEDGER says where).
 */
import { KIND_IDS } from '../kinds/types.js';
import { POLICY_IDS } from '../rules/index.js';
import { startLocal, type LocalOptions } from './local.js';

function storageOption(): LocalOptions['storage'] {
  const s = process.env['YIBAO_STORAGE'];
  if (!s) return 'azurite';
  if (s === 'none') return 'none';
  return { connectionString: s };
}

async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? '7071');
  const stack = await startLocal({ port, storage: storageOption() });
  const api = `${stack.url}/api`;
  const lines = [
    '',
    `yibao is running — HTTP API at ${api}`,
    `  web page       ${api}/app   (${stack.url}/ goes there)${stack.connectionString ? '' : ' — uploads need storage (YIBAO_STORAGE is none)'}`,
    `  health         ${api}/health`,
    `  OpenAPI        ${api}/openapi.json`,
    `  policies       ${api}/policies   (${POLICY_IDS.join(', ')})`,
    `  templates      ${api}/templates/{kind}   (${KIND_IDS.join(', ')})`,
    stack.connectionString
      ? `  blob drop      ${stack.azuriteStarted ? 'Azurite started here (data in ./.azurite)' : 'storage from YIBAO_STORAGE / a running Azurite'}; put files in container uploads as {policy}/{kind}/{name}.xlsx, results appear in container results (checked every second)`
      : '  blob drop      off (YIBAO_STORAGE=none)',
    stack.ledger.status === 'on'
      ? `  ledger         on — year-to-date ledger in ${stack.ledger.ledger.description} (POST ?ledger=commit|peek|off; GET ${api}/ledger/{policy}/{year}/{idNumber})`
      : `  ledger         ${stack.ledger.status}: ${stack.ledger.message}`,
    process.env['YIBAO_FUNCTION_KEY']
      ? '  function keys  checked: YIBAO_FUNCTION_KEY is set (send it as x-functions-key)'
      : '  function keys  not checked locally; an x-functions-key header is accepted and ignored',
    '',
    'Try it:',
    `  curl -sS --data-binary @samples/xining-2024/settlements.xlsx "${api}/settlements?policy=xining-2024" -o settlements.result.xlsx`,
    `  curl -sS "${api}/calc/settlements?policy=xining-2024&settlementId=A1&idNumber=630102198001011230&scheme=employee&employmentStatus=employed&visitType=inpatient&level=level2&visitDate=2024-02-03&dischargeDate=2024-02-15&totalCost=7959.12&fullySelfPaid=258&classBSelfPay=170.75&field=fundPaid&format=value"`,
    '',
    'Power Query (Excel: Data → Get Data → Blank Query → Advanced Editor):',
    '  let',
    '      Source = Web.Contents("' + api + '/settlements", [Query = [policy = "xining-2024", format = "json"],',
    '          Content = File.Contents("C:\\data\\settlements.xlsx")]),',
    '      Rows = Table.FromRecords(Json.Document(Source))',
    '  in',
    '      Rows',
    '',
    'More recipes: docs/power-query.md. Stop with Ctrl+C.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const shutdown = () => {
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`yibao: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
