# Voorbereiding. Het model van het boek is het Python-pakket samensterk (import als `widgets`);
# checks.py bevat de controles. Ontbreekt het pakket, dan installeert deze cel het wheel
# dat bij het notebook zit (zie README.md).
import importlib
import importlib.util
import site
import subprocess
import sys
from pathlib import Path

if importlib.util.find_spec("widgets") is None:
    wheels = sorted(Path.cwd().glob("samensterk-*.whl"))
    if not wheels:
        raise ModuleNotFoundError("het pakket samensterk is niet geïnstalleerd: zie README.md")
    print(f"{wheels[-1].name} wordt geïnstalleerd ...")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", str(wheels[-1])], check=True)
    site.addsitedir(site.getusersitepackages())  # waar pip het zet zonder schrijfrechten
    importlib.invalidate_caches()



from widgets import scoring
from widgets.records import loading

from checks import check, check_all
