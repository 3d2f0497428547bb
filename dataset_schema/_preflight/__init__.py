"""Pre-flight checks of files and records before sending: the CLI and the notebook report."""
