import { runAction } from './run.js';

await runAction();
