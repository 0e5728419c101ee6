from salesblog.cli import run

run()
