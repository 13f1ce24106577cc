from django.http import HttpResponse


def petition_list(request):
    return HttpResponse("TODO")
