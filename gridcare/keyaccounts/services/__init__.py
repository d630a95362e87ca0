"""Writes of the key-account module (DESIGN.md 1), by subject:

- designation: thresholds, the list in force, adjustments, the customers' flag;
- rounds: designation rounds, interim additions, the reminder that opens the next round;
- contacts: eligibility (R-3.4.1), assignments, changes and their approval;
- visits: visits, phone contacts and the half-yearly visit clocks (R-3.6.1);
- items: service items and assessment proposals;
- feed: the contacts' calendar feed addresses.
"""
