from relations_data.cli import main

main()
