"""The interactive apps: the ipywidgets explorer, the questionnaire, Voila and JupyterLite."""
