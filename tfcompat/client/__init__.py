"""Running graphs: Session, plans, placement, fetch/feed handling."""
