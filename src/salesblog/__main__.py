from salesblog.cli import main

main()
