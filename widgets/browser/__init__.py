"""The Pyodide side of the live pages: the model, the team scan and the QCA table (standard library)."""
