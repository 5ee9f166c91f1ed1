"""Create the PostgreSQL database named by DATABASE_URL (or .env) when it is missing."""

import sys
from pathlib import Path

import environ
import psycopg2
from psycopg2 import sql

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    env = environ.Env()
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
    config = env.db("DATABASE_URL", default="postgres:///advocacy")
    name = config["NAME"]
    connect = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    conn = psycopg2.connect(**{k: v for k, v in connect.items() if v})
    conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                print(f"Creating database {name}.")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
