/** Imported first by every function file: app-wide options, once. */
import { app } from '@azure/functions';

// Request bodies arrive as a stream, so the size limit stops a large upload before it is all in memory.
app.setup({ enableHttpStream: true });
