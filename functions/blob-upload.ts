/**
 * Blob drop: uploads/{policy}/{kind}/{name}.xlsx → results/{policy}/{kind}/{name}.result.xlsx.
 * Event Grid source: the only blob trigger on Flex Consumption, and no container scanning elsewhere.
 */
import './setup.js';
import { app } from '@azure/functions';
import { blobTriggerHandler } from '../src/blob/trigger.js';
import { UPLOADS } from '../src/blob/paths.js';

app.storageBlob('processUpload', {
  path: `${UPLOADS}/{name}`,
  connection: 'AzureWebJobsStorage',
  source: 'EventGrid',
  handler: blobTriggerHandler,
});
