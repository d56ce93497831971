"""The `aiproxy` command-line client: signs in, lists projects and folders, and uploads, downloads, clones and
mirrors project folders. It speaks only GraphQL and the signed storage URLs the API hands out (see README,
"The command-line client")."""
