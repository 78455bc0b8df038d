"""What every app shares and no feature app owns: the audit log, live events (published after
commit), the periodic-job registry and absolute site links. Core imports no feature app."""
