// Locks the data folder named by the first argument, says so, and holds it until killed.
import { lockFolder } from '../../src/db/folder-lock.ts';

lockFolder(process.argv[2]!);
console.log('locked');
setInterval(() => undefined, 1 << 30);
