"""`lipcare info`: the procedure, its course, aftercare, warning signs and sources."""

from typing import Annotated

import typer

from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.dates import shown
from lipcare.errors import UsageError
from lipcare.info import TOPICS
from lipcare.text import _


def complete_topic(incomplete: str) -> list[str]:
    """Shell completion for `lipcare info`: the topics, then the everyday words it understands."""
    from lipcare.info import aliases

    return [word for word in (*TOPICS, *sorted(aliases())) if word.startswith(incomplete)]


@app.command("info", help=COMMANDS["info"])
def info(
    topic: Annotated[
        str | None,
        typer.Argument(
            help=f"Show one section only: {', '.join(TOPICS)}; or a word such as pain, sun, rinse, swelling, "
            "redness, crusts or signs.",
            show_default=False,
            autocompletion=complete_topic,
        ),
    ] = None,
    protocol_file: common.ProtocolOption = None,
    as_json: common.JsonFlag = False,
) -> None:
    from lipcare.info import TopicNames, close_words, find_topics, topic_name

    found = find_topics(topic) if topic is not None else TOPICS
    if found is None:
        close = close_words(topic or "")
        if close:
            raise UsageError(
                "Invalid value for '[TOPIC]': unknown topic {topic}; did you mean {words}?",
                topic=shown(topic or ""),
                words=" / ".join(close),
            )
        raise UsageError(
            "Invalid value for '[TOPIC]': unknown topic {topic}. "
            "Topics: {topics}; or words such as pain, sun, rinse, swelling, redness, crusts.",
            topic=shown(topic or ""),
            topics=TopicNames(TOPICS),
        )
    topics = list(found)
    protocol = common.current_protocol(protocol_file)
    if as_json:
        from lipcare.render import jsonout

        common.echo_json("info", jsonout.info(protocol, topics))
        return
    from lipcare.render import terminal

    echoes = (
        [
            _("Showing {topics} for {topic}.").format(
                topics=_(" and ").join(topic_name(item, protocol.language) for item in topics), topic=shown(topic)
            )
        ]
        if topic and topics != [topic] and [topic_name(item, protocol.language) for item in topics] != [topic.strip()]
        else []
    )
    # The whole page ends with the sources' names, as every screen does; `lipcare info sources` gives each one's
    # address and what it supports, in its words (some 350 lines that would bury the rest). --json has it all.
    shown_topics = topics if topic is not None else [item for item in topics if item != "sources"]
    terminal.print_info(protocol, shown_topics, echoes, page=True)
