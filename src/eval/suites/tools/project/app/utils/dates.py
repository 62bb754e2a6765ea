from datetime import date


def iso_day(day: date) -> str:
    return day.isoformat()
