"""LOAD: lesson, level and unit YAML -> validated Lesson and Levels, every reference resolved."""
