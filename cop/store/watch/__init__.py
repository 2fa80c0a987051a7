"""`cop watch`: the client every command asks, the watcher server, its journal and Linux inotify."""
