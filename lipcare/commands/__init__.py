"""The commands of `lipcare`, one module each (a group of commands, such as `data`, is one module).

lipcare.cli imports a module only to run its command; lipcare.cli.COMMANDS lists them and their help.
"""
