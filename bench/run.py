"""`make bench`: every benchmark of the project, each printing ratios against its baseline.

python bench/run.py            # all
python bench/run.py program    # only bench/program.py
python bench/run.py --postgres # the web benches again on a throw-away PostgreSQL

`scale` (bench/scale.py) runs the production stack of deploy/stack.py (nginx, two gunicorn
instances, PostgreSQL): always on a throw-away PostgreSQL, with or without --postgres.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
WEB = ["registration", "program", "checkin", "dashboard"]
POSTGRES_ONLY = ["scale"]
ALL = ["b2b", "badges", *WEB, "mail", *POSTGRES_ONLY]


def main(argv):
    postgres = "--postgres" in argv
    names = [a for a in argv if not a.startswith("--")] or ALL
    failed = []
    for name in names:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"== {name}: no benchmark yet ({script.name} missing)")
            continue
        print(f"== {name} (SQLite)" if name in WEB else f"== {name}", flush=True)
        command = [PYTHON, str(script)]
        if name in POSTGRES_ONLY:
            command = [str(ROOT / "scripts" / "with-postgres"), *command]
        if subprocess.run(command, cwd=ROOT).returncode:
            failed.append(name)
        if postgres and name in WEB:
            print(f"== {name} (PostgreSQL)", flush=True)
            command = [str(ROOT / "scripts" / "with-postgres"), PYTHON, str(script)]
            if subprocess.run(command, cwd=ROOT).returncode:
                failed.append(f"{name}/postgresql")
    if failed:
        print("failed:", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
