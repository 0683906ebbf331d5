import picomatch from 'picomatch';

/**
 * A glob as a RegExp over repository-relative paths (picomatch): `**` matches any number of
 * directories, `*` anything but `/`, `?` one character; dotfiles match like any other name.
 * (A module of its own: the workspace loads picomatch only for a pattern that is a glob.)
 */
export function globToRegExp(pattern: string): RegExp {
  return picomatch.makeRe(pattern, { dot: true });
}
