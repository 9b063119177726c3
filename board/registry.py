"""How other apps react to the board's decisions.

An app whose rows go before the board (violations, transfers, revocations) registers one handler per
agenda item kind in its AppConfig.ready():

    from board.registry import decision_handlers

    @decision_handlers.register("violation")
    def violation_decided(item, acting_user) -> None:
        if item.decision == "approved": ...

`board.services.decision_record()` calls the handler of the item's kind for every decision (approved,
rejected and deferred; read `item.decision`, `item.minute_number`, `item.decision_note`) after saving the
item and inside the same transaction. A handler may raise ValidationError to refuse the decision: then
nothing of it is saved.
"""

from lib.registry import Registry

decision_handlers = Registry("board decisions")
