// Guided lessons: lesson files, steps, checks and progress.
