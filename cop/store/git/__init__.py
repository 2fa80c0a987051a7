"""git: the subprocess, the operations sync/status/log run, the merge driver, settling moves."""
