"""The event day and the days after it: the check-in list, walk-ins, filling gaps from now,
and the employers' outcomes (one form for their whole roster, one set of rules shared with
the staff corrections in `recruit.reports`)."""
