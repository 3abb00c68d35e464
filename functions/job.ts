import './setup.js';
import { registerRoute } from './register.js';

registerRoute('job');
