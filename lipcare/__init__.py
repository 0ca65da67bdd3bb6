"""lipcare: aftercare reminders and a private symptom journal after CO2 laser lip peeling."""

__version__ = "0.1.0"
