"""`python -m workers`: the arq worker for production mode."""

from workers.settings import main

main()
