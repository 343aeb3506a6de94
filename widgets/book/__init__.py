"""What the book build uses: figures, tables, case pages, what-ifs, quizzes, assignment checks."""
