from lipcare.start import main

main()
