"""Pure text helpers with no project types: cleaning, dates, readability measures."""
