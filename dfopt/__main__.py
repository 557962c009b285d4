from dfopt.cli import main

main()
