"""The database: SQLModel tables and the functions that read and write them (the only writer)."""
