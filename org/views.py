from django.http import HttpResponse


def unit_list(request):
    return HttpResponse("TODO")


def unit_detail(request, unit_id):
    return HttpResponse("TODO")
