#!/usr/bin/env python3
"""Generates N tickets as Zendesk's API gives them (`GET /api/v2/tickets?include=metric_sets`, one ticket a line,
its metric set beside it): the nested objects a preset reads into (`via`, `satisfaction_rating`, `metric_set`)
with the members it does not read, custom fields, id lists. For the JSON import benchmark.
Usage: generate_zendesk.py N OUT.jsonl"""
import json, random, sys
from datetime import datetime, timedelta, timezone

WORDS = ("refund invoice charged twice login password crash error export sync slow outage account locked "
         "billing plan upgrade cancel webhook api timeout certificate dashboard mobile app report seat "
         "Rechnung Konto contraseña facture naïve café über résumé 日本語 ☃").split()
STATUS = ["new", "open", "pending", "hold", "solved", "closed"]
PRIOS = ["low", "normal", "high", "urgent", None]
CHANNELS = ["email", "web", "chat", "voice", "api", "mobile_sdk"]


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None


def minutes(rng):
    value = rng.randint(1, 5000)
    return {"calendar": value, "business": value // 3}


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(42)
    start = datetime(2025, 11, 1, tzinfo=timezone.utc)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            created = start + timedelta(seconds=rng.randint(0, 365 * 86400))
            status = rng.choice(STATUS)
            solved = created + timedelta(minutes=rng.randint(5, 20000)) if status in ("solved", "closed") else None
            ticket_id = 100000 + i
            description = " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 90)))
            ticket = {
                "url": f"https://example.zendesk.com/api/v2/tickets/{ticket_id}.json",
                "id": ticket_id,
                "external_id": None,
                "via": {"channel": rng.choice(CHANNELS), "source": {"from": {}, "to": {}, "rel": None}},
                "created_at": stamp(created),
                "updated_at": stamp(solved or created),
                "type": rng.choice(["question", "incident", "problem", "task", None]),
                "subject": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))).capitalize(),
                "raw_subject": "",
                "description": description,
                "priority": rng.choice(PRIOS),
                "status": status,
                "recipient": None,
                "requester_id": rng.randint(10**9, 10**10),
                "submitter_id": rng.randint(10**9, 10**10),
                "assignee_id": rng.randint(10**9, 10**9 + 40),
                "organization_id": rng.randint(10**8, 10**8 + 500),
                "group_id": rng.randint(10**7, 10**7 + 8),
                "collaborator_ids": [],
                "follower_ids": [],
                "email_cc_ids": [],
                "forum_topic_id": None,
                "problem_id": None,
                "has_incidents": False,
                "is_public": True,
                "due_at": None,
                "tags": rng.sample(["vip", "refund", "bug", "outage", "sso", "mobile", "invoice"], rng.randint(0, 3)),
                "custom_fields": [{"id": 360000000 + k, "value": rng.choice([None, "tier_1", "eu", True])} for k in range(4)],
                "satisfaction_rating": rng.choice([{"score": "unoffered"}, {"score": "offered"},
                                                   {"score": "good", "id": rng.randint(1, 10**9), "comment": "thanks"},
                                                   {"score": "bad", "id": rng.randint(1, 10**9), "comment": None}]),
                "sharing_agreement_ids": [],
                "followup_ids": [],
                "ticket_form_id": 360000123,
                "brand_id": 360000456,
                "allow_channelback": False,
                "allow_attachments": True,
                "from_messaging_channel": False,
                "metric_set": {
                    "url": f"https://example.zendesk.com/api/v2/ticket_metrics/{ticket_id + 7}.json",
                    "id": ticket_id + 7,
                    "ticket_id": ticket_id,
                    "created_at": stamp(created),
                    "updated_at": stamp(solved or created),
                    "group_stations": rng.randint(1, 3),
                    "assignee_stations": rng.randint(1, 3),
                    "reopens": rng.randint(0, 2),
                    "replies": rng.randint(0, 9),
                    "assignee_updated_at": stamp(created),
                    "requester_updated_at": stamp(created),
                    "status_updated_at": stamp(solved or created),
                    "initially_assigned_at": stamp(created),
                    "assigned_at": stamp(created),
                    "solved_at": stamp(solved),
                    "latest_comment_added_at": stamp(solved or created),
                    "reply_time_in_minutes": minutes(rng),
                    "first_resolution_time_in_minutes": minutes(rng),
                    "full_resolution_time_in_minutes": minutes(rng),
                    "agent_wait_time_in_minutes": minutes(rng),
                    "requester_wait_time_in_minutes": minutes(rng),
                    "on_hold_time_in_minutes": minutes(rng),
                },
            }
            f.write(json.dumps(ticket, ensure_ascii=False, separators=(",", ":")) + "\n")


main()
