import type { JunitCase } from '../../evidence/junit.js';

/**
 * A test case as messages name it: classname::name, or the name alone when there is no classname or it
 * repeats the name (jest-junit writes the same text in both by default).
 */
export const caseName = (c: JunitCase): string => (c.classname && c.classname !== c.name ? `${c.classname}::${c.name}` : c.name);
