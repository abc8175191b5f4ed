"""Presentation for role pages and open data: shaping what ``roles.selectors`` returns into
rows for the register's CSV and JSON. Selectors return data; presenters shape it for pages
and files; nothing here queries the database beyond what the selector prefetched."""


def role_register_rows(roles) -> list[dict]:
    """The register as open data (CSV and JSON): one dict per role, names and professional
    groups of holders only; never any equality-monitoring data."""
    rows = []
    for role in roles:
        holders = role.current_appointments
        rows.append(
            {
                "role": role.title,
                "function": role.function.name,
                "level": role.get_level_display(),
                "place": role.place.name if role.place else "",
                "summary": role.summary,
                "status": "Filled" if role.is_filled else "Vacant",
                "holders": [
                    {
                        "name": a.person.full_name,
                        "professional_group": str(a.person.professional_group or ""),
                        "since": a.starts_on.isoformat(),
                    }
                    for a in holders
                ],
                "funded_time": role.time_display,
                "accountable_to": role.get_accountable_to_display(),
                "decision_making": [
                    {"forum": seat.forum.name, "capacity": seat.get_capacity_display()}
                    for seat in role.seat_list
                ],
                "link_roles": [
                    {
                        "name": link.name,
                        "support": link.get_kind_display(),
                        "job_title": link.job_title,
                        "organisation": str(link.organisation or ""),
                    }
                    for link in role.link_role_list
                ],
                "job_description_approved": role.jd_approved_on.isoformat()
                if role.jd_approved_on
                else "",
            }
        )
    return rows


REGISTER_CSV_HEADER = [
    "Role",
    "Function",
    "Level",
    "Place",
    "Status",
    "Held by",
    "Professional group",
    "Funded time",
    "Accountable to",
    "Involved in decisions at",
    "Supported by",
    "Job description approved",
]


def role_register_csv_rows(rows: list[dict]) -> list[list[str]]:
    """Header and one line per role; several holders or seats are joined with "; "."""
    out = [REGISTER_CSV_HEADER]
    for row in rows:
        out.append(
            [
                row["role"],
                row["function"],
                row["level"],
                row["place"],
                row["status"],
                "; ".join(h["name"] for h in row["holders"]),
                "; ".join(h["professional_group"] for h in row["holders"]),
                row["funded_time"],
                row["accountable_to"],
                "; ".join(
                    f"{s['forum']} ({s['capacity'].lower()})" for s in row["decision_making"]
                ),
                "; ".join(
                    f"{link['name']} ({link['support'].lower()})" for link in row["link_roles"]
                ),
                row["job_description_approved"],
            ]
        )
    return out
