from django.http import HttpRequest, HttpResponse

from accounts.decorators import ability_required


@ability_required("client.import")
def client_import(request: HttpRequest) -> HttpResponse:  # replaced by the import feature
    raise NotImplementedError
