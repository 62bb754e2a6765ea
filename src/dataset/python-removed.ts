/**
 * Modules and APIs removed from Python 3, by the version that removed them (docs/datasets.md has
 * the same table). `--min-python 3.X` drops code that uses anything removed in 3.X or earlier.
 * Names come from the "Removed" sections of the What's New pages; version 3.0 marks Python 2 only.
 */

export type Removal = {
  /** A module ("distutils"), a module attribute ("ssl.wrap_socket") or a method name (".assertEquals"). */
  name: string;
  removedIn: readonly [3, number];
  use?: string;
};

const modules = (minor: number, names: string[], use?: string): Removal[] =>
  names.map((name) => ({ name, removedIn: [3, minor] as const, ...(use ? { use } : {}) }));

export const REMOVED: readonly Removal[] = [
  ...modules(0, [
    "urllib2", "urlparse", "ConfigParser", "Queue", "cPickle", "cStringIO", "StringIO", "HTMLParser", "httplib",
    "Cookie", "cookielib", "SocketServer", "Tkinter", "__builtin__", "commands", "sets", "md5", "sha",
    "exceptions", "xmlrpclib", "BaseHTTPServer", "SimpleHTTPServer", "CGIHTTPServer", "anydbm", "dummy_thread",
    "thread", "UserDict", "copy_reg", "robotparser", "htmlentitydefs",
  ], "Python 3 names"),
  ...modules(10, ["formatter", "parser", "symbol"]),
  ...modules(11, ["binhex"]),
  { name: "asyncio.coroutine", removedIn: [3, 11], use: "async def" },
  { name: "inspect.getargspec", removedIn: [3, 11], use: "inspect.signature" },
  { name: "inspect.formatargspec", removedIn: [3, 11], use: "inspect.signature" },
  { name: "binascii.b2a_hqx", removedIn: [3, 11] },
  { name: "binascii.a2b_hqx", removedIn: [3, 11] },
  ...modules(12, ["distutils", "imp", "asynchat", "asyncore", "smtpd"]),
  { name: "configparser.SafeConfigParser", removedIn: [3, 12], use: "configparser.ConfigParser" },
  { name: ".readfp", removedIn: [3, 12], use: "read_file" },
  { name: "locale.format", removedIn: [3, 12], use: "locale.format_string" },
  { name: "ssl.wrap_socket", removedIn: [3, 12], use: "SSLContext.wrap_socket" },
  { name: "ssl.match_hostname", removedIn: [3, 12] },
  { name: "pkgutil.ImpImporter", removedIn: [3, 12] },
  ...[
    "assertEquals", "assertNotEquals", "assert_", "failUnless", "failIf", "failUnlessEqual", "failIfEqual",
    "assertAlmostEquals", "assertNotAlmostEquals", "assertRegexpMatches", "assertRaisesRegexp",
    "assertNotRegexpMatches", "failUnlessRaises", "assertDictContainsSubset",
  ].map((m): Removal => ({ name: `.${m}`, removedIn: [3, 12], use: "the unittest names without the alias" })),
  ...modules(13, [
    "aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "mailcap", "msilib", "nis", "nntplib",
    "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib", "lib2to3", "tkinter.tix",
  ]),
  { name: "unittest.makeSuite", removedIn: [3, 13], use: "unittest.TestLoader" },
  { name: "unittest.findTestCases", removedIn: [3, 13], use: "unittest.TestLoader" },
  { name: "typing.io", removedIn: [3, 13], use: "typing" },
  { name: "typing.re", removedIn: [3, 13], use: "typing" },
  { name: "locale.resetlocale", removedIn: [3, 13] },
  ...["ast.Num", "ast.Str", "ast.Bytes", "ast.NameConstant", "ast.Ellipsis"].map(
    (name): Removal => ({ name, removedIn: [3, 14], use: "ast.Constant" }),
  ),
  { name: "pkgutil.find_loader", removedIn: [3, 14], use: "importlib.util.find_spec" },
  { name: "pkgutil.get_loader", removedIn: [3, 14], use: "importlib.util.find_spec" },
  { name: "sqlite3.version", removedIn: [3, 14] },
  { name: "urllib.request.URLopener", removedIn: [3, 14] },
  { name: "urllib.request.FancyURLopener", removedIn: [3, 14] },
];

/** What the parser found in a snippet: imported module paths and dotted attribute uses. */
export type CodeFacts = { imports: string[]; attrs: string[] };

const matches = (used: string, removed: string) => used === removed || used.startsWith(`${removed}.`);

/** The first removal that makes this code fail on Python 3.`minor`, or undefined. */
export function findRemoval(facts: CodeFacts, minor: number): Removal | undefined {
  for (const removal of REMOVED) {
    if (removal.removedIn[1] > minor) continue;
    if (removal.name.startsWith(".")) {
      if (facts.attrs.includes(removal.name)) return removal;
    } else if (facts.imports.some((i) => matches(i, removal.name)) || facts.attrs.some((a) => matches(a, removal.name))) {
      return removal;
    }
  }
  return undefined;
}
