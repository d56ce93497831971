"""`python -m bench` (`make bench`): the real app, measured as users run it, beside a floor measured in the same run.

Every figure of the request path is printed as ours, the floor's, and ours ÷ floor: the machine's speed and load
move both, the ratio much less. README.md, "The bench", explains each figure.

- __main__: the command line, the modes in turn, the JSON line
- mode:      one mode's whole run, in order, and its tables
- versus:    (a)–(d) — ours and the floor side by side: the cases, the check that they agree, the figures
- floor:     `python -m bench.floor`, the floor server
- load:      `python -m bench.load`, the load generator (a process of its own)
- procstat:  a process tree's CPU time from /proc
- processes: starting and stopping the servers as separate processes
- server:    each mode's fresh database, and the in-process app (shared with the tests)
- lists:     the seeded sketches, the queries, the SQL statement counts (the N+1 check)
- events, chat: job event delivery latency; the chat streaming overhead
- projects:  a project file up and down the signed URLs, each storage, beside plain copies
- cli:       a session-like tree up and down through the installed `aiproxy` command, beside plain copies
"""
