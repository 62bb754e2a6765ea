/**
 * The built-in suites, shipped inside the binary: each suite file and its fixture projects are
 * embedded as text (generated list: one import per file under suites/) and written to a temp
 * folder when a run needs them.
 */
import f1 from "./baseline/suite.yaml" with { type: "text" };
import f2 from "./baseline/hosts-folder/hosts" with { type: "text" };
import f3 from "./tools/suite.yaml" with { type: "text" };
import f4 from "./tools/project/README.md" with { type: "text" };
import f5 from "./tools/project/calc.py" with { type: "text" };
import f6 from "./tools/project/messy.py" with { type: "text" };
import f7 from "./tools/project/server.py" with { type: "text" };
import f8 from "./tools/project/test_calc.py" with { type: "text" };
import f9 from "./tools/project/.punie/settings.json" with { type: "text" };
import f10 from "./tools/project/app/__init__.py" with { type: "text" };
import f11 from "./tools/project/app/config/__init__.py" with { type: "text" };
import f12 from "./tools/project/app/config/defaults.py" with { type: "text" };
import f13 from "./tools/project/app/config/loader.py" with { type: "text" };
import f14 from "./tools/project/app/db/__init__.py" with { type: "text" };
import f15 from "./tools/project/app/db/models.py" with { type: "text" };
import f16 from "./tools/project/app/db/session.py" with { type: "text" };
import f17 from "./tools/project/app/utils/__init__.py" with { type: "text" };
import f18 from "./tools/project/app/utils/dates.py" with { type: "text" };
import f19 from "./tools/project/app/utils/strings.py" with { type: "text" };
import f20 from "./tools/project/app/web/__init__.py" with { type: "text" };
import f21 from "./tools/project/app/web/routes.py" with { type: "text" };
import f22 from "./tools/project/app/web/views.py" with { type: "text" };
import f23 from "./tools/project/build/output.txt" with { type: "text" };

/** Per built-in suite: its files by path relative to the suite folder (suite.yaml included). */
export const BUILTIN_SUITE_FILES: Record<string, Record<string, string>> = {
  baseline: {
    "suite.yaml": f1 as unknown as string,
    "hosts-folder/hosts": f2 as unknown as string,
  },
  tools: {
    "suite.yaml": f3 as unknown as string,
    "project/README.md": f4 as unknown as string,
    "project/calc.py": f5 as unknown as string,
    "project/messy.py": f6 as unknown as string,
    "project/server.py": f7 as unknown as string,
    "project/test_calc.py": f8 as unknown as string,
    "project/.punie/settings.json": f9 as unknown as string,
    "project/app/__init__.py": f10 as unknown as string,
    "project/app/config/__init__.py": f11 as unknown as string,
    "project/app/config/defaults.py": f12 as unknown as string,
    "project/app/config/loader.py": f13 as unknown as string,
    "project/app/db/__init__.py": f14 as unknown as string,
    "project/app/db/models.py": f15 as unknown as string,
    "project/app/db/session.py": f16 as unknown as string,
    "project/app/utils/__init__.py": f17 as unknown as string,
    "project/app/utils/dates.py": f18 as unknown as string,
    "project/app/utils/strings.py": f19 as unknown as string,
    "project/app/web/__init__.py": f20 as unknown as string,
    "project/app/web/routes.py": f21 as unknown as string,
    "project/app/web/views.py": f22 as unknown as string,
    "project/build/output.txt": f23 as unknown as string,
  },
};
