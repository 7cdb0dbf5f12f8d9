"""The app's screens: decks (home), study, summary, statistics, browse, help."""
