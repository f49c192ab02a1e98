"""COMPOSE: Passage + Lesson -> document values (handout, sheets, keys, guide, packs)."""
