/**
 * The small Python projects the sample dataset works on: each a module with one real bug, the
 * exact edit that fixes it, and a pytest file whose tests fail before the edit and pass after.
 * test/dataset/sample.test.ts compiles every source with python3 and runs the tests both ways, so
 * what the sample claims (the bug, the fix, "N passed") is what the code does.
 */
export type SampleTopic = {
  module: string;
  func: string;
  /** The module as the user has it (with the bug). */
  source: string;
  /** The edit_file arguments that fix it: an exact, unique excerpt of `source` and its replacement. */
  oldText: string;
  newText: string;
  /** What the bug is, in one sentence for the answer. */
  bug: string;
  /** tests/<testFile>: imports the function from src.<module>. */
  testFile: string;
  tests: string;
};

const topic = (t: SampleTopic) => t;

export const SAMPLE_TOPICS: readonly SampleTopic[] = [
  topic({
    module: "mathutil",
    func: "mean",
    source: 'def mean(xs):\n    """The arithmetic mean of a list of numbers; 0.0 for an empty list."""\n    return sum(xs) / len(xs)\n',
    oldText: "    return sum(xs) / len(xs)\n",
    newText: "    if not xs:\n        return 0.0\n    return sum(xs) / len(xs)\n",
    bug: "an empty list divided by zero",
    testFile: "test_mathutil.py",
    tests:
      "from src.mathutil import mean\n\n\ndef test_mean_of_numbers():\n    assert mean([1, 2, 3]) == 2\n\n\ndef test_mean_of_empty_list():\n    assert mean([]) == 0.0\n",
  }),
  topic({
    module: "strings",
    func: "slugify",
    source: 'def slugify(text):\n    """Lower-case words joined by single dashes."""\n    return text.lower().replace(" ", "-")\n',
    oldText: '    return text.lower().replace(" ", "-")\n',
    newText: '    return "-".join(text.lower().split())\n',
    bug: "repeated or surrounding spaces became extra dashes",
    testFile: "test_strings.py",
    tests:
      'from src.strings import slugify\n\n\ndef test_slugify_words():\n    assert slugify("Hello World") == "hello-world"\n\n\ndef test_slugify_extra_spaces():\n    assert slugify("  Many   spaces ") == "many-spaces"\n',
  }),
  topic({
    module: "paths",
    func: "stem",
    source: 'def stem(name):\n    """The file name without its last extension."""\n    return name.split(".")[0]\n',
    oldText: '    return name.split(".")[0]\n',
    newText: '    return name.rsplit(".", 1)[0]\n',
    bug: "everything after the first dot was dropped, not only the last extension",
    testFile: "test_paths.py",
    tests:
      'from src.paths import stem\n\n\ndef test_stem_simple():\n    assert stem("report.txt") == "report"\n\n\ndef test_stem_keeps_inner_dots():\n    assert stem("archive.tar.gz") == "archive.tar"\n\n\ndef test_stem_without_extension():\n    assert stem("README") == "README"\n',
  }),
  topic({
    module: "dates",
    func: "is_weekend",
    source:
      'import datetime\n\n\ndef is_weekend(day: datetime.date) -> bool:\n    """True on Saturday and Sunday."""\n    return day.weekday() > 5\n',
    oldText: "    return day.weekday() > 5\n",
    newText: "    return day.weekday() >= 5\n",
    bug: "Saturday (weekday 5) was not counted as weekend",
    testFile: "test_dates.py",
    tests:
      "import datetime\n\nfrom src.dates import is_weekend\n\n\ndef test_saturday_and_sunday():\n    assert is_weekend(datetime.date(2024, 6, 1))\n    assert is_weekend(datetime.date(2024, 6, 2))\n\n\ndef test_monday():\n    assert not is_weekend(datetime.date(2024, 6, 3))\n",
  }),
  topic({
    module: "retry",
    func: "backoff",
    source: 'def backoff(attempt, cap=60):\n    """Seconds to wait before retry number attempt, at most cap."""\n    return 2 ** attempt\n',
    oldText: "    return 2 ** attempt\n",
    newText: "    return min(2 ** attempt, cap)\n",
    bug: "the cap was ignored, so late retries waited for hours",
    testFile: "test_retry.py",
    tests:
      "from src.retry import backoff\n\n\ndef test_backoff_doubles():\n    assert backoff(3) == 8\n\n\ndef test_backoff_is_capped():\n    assert backoff(10) == 60\n    assert backoff(10, cap=100) == 100\n",
  }),
  topic({
    module: "report",
    func: "percent",
    source: 'def percent(part, whole):\n    """part as a percentage of whole, one decimal; 0.0 when whole is 0."""\n    return round(part / whole * 100)\n',
    oldText: "    return round(part / whole * 100)\n",
    newText: "    if whole == 0:\n        return 0.0\n    return round(part / whole * 100, 1)\n",
    bug: "a zero total divided by zero and the decimal was rounded away",
    testFile: "test_report.py",
    tests:
      "from src.report import percent\n\n\ndef test_percent_one_decimal():\n    assert percent(1, 3) == 33.3\n\n\ndef test_percent_of_nothing():\n    assert percent(5, 0) == 0.0\n",
  }),
  topic({
    module: "words",
    func: "top_word",
    source:
      'def top_word(text):\n    """The most frequent word, ignoring case."""\n    counts = {}\n    for word in text.split():\n        counts[word] = counts.get(word, 0) + 1\n    return max(counts, key=counts.get)\n',
    oldText: "    for word in text.split():\n",
    newText: "    for word in text.lower().split():\n",
    bug: "words were counted case-sensitively, so 'The' and 'the' were two words",
    testFile: "test_words.py",
    tests: 'from src.words import top_word\n\n\ndef test_top_word_ignores_case():\n    assert top_word("The cat saw the dog") == "the"\n',
  }),
  topic({
    module: "batching",
    func: "chunks",
    source:
      'def chunks(items, size):\n    """items in lists of size, the last one shorter if need be."""\n    return [items[i:i + size] for i in range(0, len(items) - size, size)]\n',
    oldText: "range(0, len(items) - size, size)",
    newText: "range(0, len(items), size)",
    bug: "the last chunk was dropped",
    testFile: "test_batching.py",
    tests:
      "from src.batching import chunks\n\n\ndef test_chunks_keep_the_rest():\n    assert chunks([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]\n\n\ndef test_chunks_of_nothing():\n    assert chunks([], 3) == []\n",
  }),
];

/** The module after the fix (pure). */
export function fixedSource(topic: SampleTopic): string {
  return topic.source.replace(topic.oldText, topic.newText);
}

/** The test functions of a topic's test file, in order (pure). */
export function testNames(topic: SampleTopic): string[] {
  return [...topic.tests.matchAll(/^def (test_\w+)\(/gm)].map((match) => match[1] as string);
}
