# Setup. The book's model is the Python package samensterk (imported as `widgets`);
# checks.py holds the checks. If the package is missing, this installs the wheel
# that came with the notebook (see README.md).
import importlib
import importlib.util
import site
import subprocess
import sys
from pathlib import Path

if importlib.util.find_spec("widgets") is None:
    wheels = sorted(Path.cwd().glob("samensterk-*.whl"))
    if not wheels:
        raise ModuleNotFoundError("the samensterk package is not installed: see README.md")
    print(f"Installing {wheels[-1].name} ...")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", str(wheels[-1])], check=True)
    site.addsitedir(site.getusersitepackages())  # where pip puts it without write access
    importlib.invalidate_caches()



from widgets import scoring
from widgets.records import loading

from checks import check, check_all
