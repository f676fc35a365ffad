"""One module per command group; importing one registers its commands on ``launchlog.app``."""
