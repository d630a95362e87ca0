"""Pages of the key-account module, by subject: accounts, rounds, contacts, the desk."""
