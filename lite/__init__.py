"""The JupyterLite folder of "Open as notebook", and the script that prepares its Pyodide (prepare.py)."""
