from lipcare.cli import main

main()
