"""Money and other commitments: amounts as written, and pledges (who gives what to whom).

``amounts`` parses money expressions; ``pledges`` finds committing acts and fills donor,
recipient, amount and non-money quantities.
"""
